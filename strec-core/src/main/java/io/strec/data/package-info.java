/**
 * The data model: raw records as read from files ({@link io.strec.data.RawEvent}, {@link
 * io.strec.data.Item}, each with its {@link io.strec.data.Provenance}), the sources that stream
 * them ({@link io.strec.data.DataSource}) and the indexed, immutable {@link io.strec.data.Dataset}
 * that models train on. Ids are strings outside and dense ints inside, through immutable {@link
 * io.strec.data.Vocabulary} objects.
 */
package io.strec.data;
