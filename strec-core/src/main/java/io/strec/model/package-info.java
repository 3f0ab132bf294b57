/**
 * The recommender contract: a {@link io.strec.model.Trainer} fits a {@link io.strec.model.Model} on
 * a training {@link io.strec.data.Dataset}; a model scores every catalogue item for a {@link
 * io.strec.model.Query} (who, what they did before, when, where). Models are found by name through
 * {@link io.strec.model.ModelFactory} services.
 */
package io.strec.model;
