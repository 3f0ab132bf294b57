/**
 * Every user's top K on Spark from a saved model directory: the directory's files are broadcast,
 * each executor JVM opens the model once ({@link io.strec.spark.recommend.ExecutorModels}), and
 * each user is answered as the single-node service answers {@code recommend} for them ({@link
 * io.strec.spark.recommend.UserRanker}): the same history, query place, exclusions, scoring path
 * and tie rule.
 */
package io.strec.spark.recommend;
