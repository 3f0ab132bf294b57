package io.strec.data.synth;

import io.strec.data.Item;

/**
 * A generated place with what the simulation needs beyond its {@link Item}: its category and
 * neighbourhood, its position in km from the centre, and how much people like it.
 *
 * @param index position in the city's list of places
 * @param item what is published about the place
 * @param category kind of place
 * @param neighbourhood district it lies in
 * @param eastKm kilometres east of the centre
 * @param northKm kilometres north of the centre
 * @param appeal relative attractiveness (positive), shared by everyone
 */
record Poi(
    int index,
    Item item,
    Category category,
    Neighbourhood neighbourhood,
    double eastKm,
    double northKm,
    double appeal) {

  double distanceKm(double east, double north) {
    return Math.hypot(eastKm - east, northKm - north);
  }

  boolean isOpenAt(int minuteOfDay) {
    return category.hours().isOpenAt(minuteOfDay);
  }
}
