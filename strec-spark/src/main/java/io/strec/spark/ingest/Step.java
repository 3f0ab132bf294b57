package io.strec.spark.ingest;

import io.strec.data.clean.StepReport;
import java.util.Objects;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The events a cleaning step kept (persisted: the caller unpersists them when done) and the report
 * the single-node step would give.
 */
record Step(Dataset<Row> events, StepReport report) {
  Step {
    Objects.requireNonNull(events, "events");
    Objects.requireNonNull(report, "report");
  }
}
