package io.strec.data.clean;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The reports of a sequence of cleaning steps, in the order they ran.
 *
 * @param eventsIn events given to the first step
 * @param steps one report per step; each step's input is the previous step's output
 */
public record CleaningReport(int eventsIn, List<StepReport> steps) implements StepReport {

  public CleaningReport {
    steps = List.copyOf(steps);
    int expected = eventsIn;
    for (int i = 0; i < steps.size(); i++) {
      if (steps.get(i).eventsIn() != expected) {
        throw new IllegalArgumentException(
            "step "
                + i
                + " got "
                + steps.get(i).eventsIn()
                + " events but the previous step returned "
                + expected);
      }
      expected = steps.get(i).eventsOut();
    }
  }

  @Override
  public int eventsOut() {
    return steps.isEmpty() ? eventsIn : steps.get(steps.size() - 1).eventsOut();
  }

  /** The report of the first step of the given type, if one ran. */
  public <T extends StepReport> Optional<T> step(Class<T> type) {
    return steps.stream().filter(type::isInstance).map(type::cast).findFirst();
  }

  /** One line per step; a single line saying so when there were no steps. */
  @Override
  public String summary() {
    if (steps.isEmpty()) {
      return "no cleaning steps: " + eventsIn + " events";
    }
    return steps.stream().map(StepReport::summary).collect(Collectors.joining("\n"));
  }
}
