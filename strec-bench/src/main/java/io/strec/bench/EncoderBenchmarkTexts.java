package io.strec.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Place-review-like English sentences of about 15 words (12 to 19), drawn from a seed: the text an
 * encoder sees when STREC renders items and behaviour. Same seed, same sentences.
 */
final class EncoderBenchmarkTexts {
  private static final String[] ADJ = {
    "quiet",
    "busy",
    "small",
    "cosy",
    "crowded",
    "friendly",
    "noisy",
    "bright",
    "modern",
    "old",
    "tiny",
    "spacious",
    "charming",
    "popular",
    "hidden",
    "expensive",
    "cheap",
    "clean"
  };
  private static final String[] PLACE = {
    "coffee shop",
    "bakery",
    "ramen bar",
    "bookstore",
    "gym",
    "museum",
    "wine bar",
    "pizzeria",
    "tea house",
    "library",
    "record store",
    "taco stand",
    "park",
    "cinema",
    "brewery",
    "sushi place",
    "jazz club",
    "market hall",
    "yoga studio",
    "noodle shop",
    "art gallery",
    "hostel"
  };
  private static final String[] NEAR = {
    "the station",
    "the river",
    "the old bridge",
    "campus",
    "the harbour",
    "the main square",
    "the cathedral",
    "the stadium",
    "the night market",
    "the city hall",
    "the beach"
  };
  private static final String[] WHEN = {
    "on weekday mornings",
    "late at night",
    "on Sunday afternoons",
    "after work",
    "during lunch",
    "before the match",
    "on rainy evenings",
    "at sunrise",
    "on public holidays"
  };
  private static final String[] DOING = {
    "reading a novel",
    "meeting old friends",
    "working on a laptop",
    "grabbing a quick bite",
    "watching the crowd",
    "planning a trip",
    "celebrating a birthday",
    "studying for exams",
    "waiting for a train",
    "trying something new"
  };
  private static final String[] VERDICT = {
    "worth the walk",
    "a bit overpriced",
    "always full",
    "great value",
    "easy to miss",
    "loved by locals",
    "good for groups",
    "best in town",
    "slow but kind",
    "open until two"
  };
  private static final String[] WHO = {
    "students",
    "tourists",
    "families",
    "office workers",
    "runners",
    "couples",
    "night owls",
    "retirees",
    "musicians",
    "football fans"
  };

  private EncoderBenchmarkTexts() {}

  /** {@code n} sentences from {@code seed}. */
  static List<String> sentences(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<String> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String s =
          switch (r.nextInt(4)) {
            case 0 ->
                "One "
                    + pick(r, ADJ)
                    + " "
                    + pick(r, PLACE)
                    + " near "
                    + pick(r, NEAR)
                    + ", perfect for "
                    + pick(r, DOING)
                    + " "
                    + pick(r, WHEN)
                    + ".";
            case 1 ->
                "We visited the "
                    + pick(r, ADJ)
                    + " "
                    + pick(r, PLACE)
                    + " "
                    + pick(r, WHEN)
                    + " and it was "
                    + pick(r, VERDICT)
                    + ".";
            case 2 ->
                "Popular with "
                    + pick(r, WHO)
                    + ", this "
                    + pick(r, PLACE)
                    + " by "
                    + pick(r, NEAR)
                    + " is "
                    + pick(r, VERDICT)
                    + " "
                    + pick(r, WHEN)
                    + ".";
            default ->
                "I keep coming back to this "
                    + pick(r, ADJ)
                    + " "
                    + pick(r, PLACE)
                    + " for "
                    + pick(r, DOING)
                    + "; it is "
                    + pick(r, VERDICT)
                    + ".";
          };
      out.add(s);
    }
    return out;
  }

  private static String pick(SplittableRandom r, String[] words) {
    return words[r.nextInt(words.length)];
  }
}
