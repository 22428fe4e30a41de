/**
 * The HTTP API under {@code /api} (Jakarta REST): publishing, history, messages, the answers of
 * the contract's section 6, and the health checks.
 *
 * <p>Threads: request threads. Never: answers with a stack trace: every error is the contract's
 * JSON body.
 */
package io.jobsgateway.http;
