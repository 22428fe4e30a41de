/**
 * Who is on the other end: API keys, logins, the {@link io.jobsgateway.access.Identity} they
 * stand for, and the WebSocket handshake that checks them once. Host applications replace
 * {@link io.jobsgateway.access.ApiKeys} or {@link io.jobsgateway.access.LoginIdentities} with beans of their own.
 *
 * <p>Threads: the container's handshake and request threads. Never: logs or keeps a key in the
 * clear, or compares keys in anything but constant time.
 */
package io.jobsgateway.access;
