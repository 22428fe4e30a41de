/**
 * The demo: the page at {@code /} and demo jobs that fire their events as a host's beans would;
 * only while {@code jobs.demo.enabled}, and only in the standalone WAR.
 *
 * <p>Threads: request threads and the managed scheduler. Never: runs unless the demo is on.
 */
package io.jobsgateway.demo;
