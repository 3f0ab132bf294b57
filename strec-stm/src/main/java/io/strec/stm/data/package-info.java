/**
 * Turning events into the numbers the network reads: time and space features of each event,
 * bucketed pairwise intervals and distances, the geographic region grid, the repeat and transition
 * features of each query, and mini-batches of training windows. Everything here is plain Java on
 * arrays; nothing touches the engine.
 */
package io.strec.stm.data;
