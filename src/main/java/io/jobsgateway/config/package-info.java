/**
 * Every setting, read once and strictly through MicroProfile Config: a wrong value is one log
 * line naming the setting, the default, and readiness DOWN, never a failed deployment.
 *
 * <p>Threads: start-up. Never: reads a setting anywhere else; no other package calls MicroProfile Config.
 */
package io.jobsgateway.config;
