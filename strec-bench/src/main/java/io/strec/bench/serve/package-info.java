/**
 * A loopback load generator for {@code strec serve}: closed-loop runs of one scenario at a fixed
 * concurrency, bounded by a request count and a time, and an open-loop soak at a constant rate that
 * watches the server's resident memory. Requests use real users and items read from the server's
 * store file, every latency is kept, and percentiles are exact. {@code GET /health/live}, measured
 * in the same run, is the reference: the cost of the HTTP stack alone.
 */
package io.strec.bench.serve;
