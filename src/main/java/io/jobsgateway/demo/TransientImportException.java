package io.jobsgateway.demo;

/** A failure that goes away when tried again: the demo import's job XML retries it (the runtime matches it by name). */
class TransientImportException extends Exception {

    TransientImportException(String message) {
        super(message);
    }
}
