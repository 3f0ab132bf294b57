/** The durable event and item store: one SQLite file. */
package io.strec.app.store;
