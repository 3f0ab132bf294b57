/**
 * The evaluation protocols of docs/protocols.md ({@code loo}, {@code getnext}, {@code given}), a
 * global temporal split, cold-start case filters, and the inner validation split used to tune
 * hyper-parameters without touching the reported cases.
 */
package io.strec.eval.protocol;
