/**
 * Features derived from events for models and evaluation segments: local-time features (hour of
 * day, day of week, hour of week) computed from an instant and its recorded UTC offset.
 */
package io.strec.feature;
