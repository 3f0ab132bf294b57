package io.strec.app.store;

/**
 * What forgetting a user deleted.
 *
 * @param events the user's events
 * @param idempotencyRecords remembered requests whose batch held an event of the user
 */
public record ForgetResult(long events, long idempotencyRecords) {}
