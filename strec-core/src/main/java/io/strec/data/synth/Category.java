package io.strec.data.synth;

import java.util.List;

/**
 * The kinds of place in the synthetic city, with what it takes to name and describe one.
 *
 * <p>Every description uses one of the category's {@link #kinds()}, each of which contains the
 * category's keyword ("ramen", "gym", "museum"), so that a text encoder sees the same word in every
 * place of a category and users who love ramen leave a trail of similar descriptions.
 */
// Immutable in fact: List.of lists and a record of two ints, which the check cannot vouch for.
@SuppressWarnings("ImmutableEnumChecker")
public enum Category {
  COFFEE_SHOP(
      "Coffee Shop",
      6,
      18,
      8,
      "Coffee|Roasters|Espresso|Coffee Co.",
      "coffee shop|espresso coffee bar|coffee roastery",
      "oat-milk lattes|single-origin pour-overs|flaky croissants|cold brew on tap|a sunny window counter|fast wifi",
      "Cozy|Tiny|Bustling|Sunny|Minimalist",
      "Daily Grind|Bean Republic"),
  BAKERY(
      "Bakery",
      6,
      16,
      4,
      "Bakery|Bakehouse|Breads",
      "bakery|neighbourhood bakery|French-style bakery",
      "sourdough loaves|cardamom buns|almond croissants|seasonal fruit tarts|rye bread",
      "Warm|Family-run|Tiny|Old-fashioned",
      ""),
  OFFICE(
      "Office",
      8,
      19,
      9,
      "Labs|Systems|Partners|Analytics|Capital|Media|Logistics|Health",
      "office|open-plan office|corporate office",
      "a rooftop terrace|glass meeting rooms|a busy lobby|a staff canteen|bike parking",
      "Modern|Busy|Sleek|Quiet",
      ""),
  COWORKING(
      "Coworking Space",
      7,
      22,
      2,
      "Works|Hub|Commons|Desk",
      "coworking space|shared coworking space",
      "phone booths|free coffee|standing desks|hot desks|a quiet library room|community events",
      "Bright|Friendly|Busy",
      "WorkNest"),
  GYM(
      "Gym",
      5,
      23,
      5,
      "Fitness|Athletic Club|Strength|Gym",
      "gym|fitness gym|strength gym",
      "free weights|spin classes|a climbing wall|a lap pool|24 squat racks|boxing bags",
      "Spacious|Gritty|Modern|Friendly",
      "IronWorks Fitness|PulseGym"),
  YOGA_STUDIO(
      "Yoga Studio",
      6,
      21,
      2,
      "Yoga|Flow|Studio",
      "yoga studio|hot yoga studio",
      "vinyasa flow classes|candle-lit yin sessions|meditation evenings|heated rooms",
      "Calm|Airy|Light-filled",
      ""),
  RAMEN(
      "Ramen Restaurant",
      11,
      23,
      4,
      "Ramen|Noodle House|Ramen-ya",
      "ramen shop|ramen counter|ramen bar",
      "rich tonkotsu broth|spicy miso ramen|hand-pulled noodles|crispy gyoza|soft-boiled eggs",
      "Steamy|Narrow|Lively|Late-night",
      ""),
  PIZZA(
      "Pizza Place",
      11,
      24,
      4,
      "Pizza|Pizzeria|Slice Shop",
      "pizza place|wood-fired pizza parlour|pizza counter",
      "thin-crust slices|wood-fired margheritas|garlic knots|square Sicilian pies",
      "Classic|Loud|No-frills|Family-friendly",
      "Slice Republic"),
  SUSHI(
      "Sushi Bar",
      12,
      22,
      3,
      "Sushi|Omakase|Fish Bar",
      "sushi bar|omakase sushi counter",
      "fresh sashimi|hand rolls|a chef's omakase|seasonal fish",
      "Intimate|Elegant|Quiet",
      ""),
  TACOS(
      "Taco Stand",
      10,
      23,
      3,
      "Tacos|Taqueria|Cantina",
      "taco stand|taco counter",
      "al pastor tacos|fresh salsas|grilled corn|horchata",
      "Colourful|Cheap|Busy|Open-air",
      ""),
  BURGER(
      "Burger Joint",
      11,
      23,
      3,
      "Burgers|Burger Bar|Grill",
      "burger joint|smash-burger grill",
      "smash burgers|hand-cut fries|milkshakes|veggie patties",
      "Retro|Greasy|Friendly",
      "Patty Wagon"),
  THAI(
      "Thai Restaurant",
      11,
      22,
      3,
      "Thai Kitchen|Thai|Basil",
      "Thai restaurant|Thai kitchen",
      "green curry|pad see ew|papaya salad|mango sticky rice",
      "Fragrant|Casual|Busy",
      ""),
  ITALIAN(
      "Italian Restaurant",
      12,
      23,
      3,
      "Trattoria|Osteria|Cucina",
      "Italian trattoria|Italian restaurant",
      "fresh pasta|a long wine list|tiramisu|candle-lit tables",
      "Romantic|Rustic|Old-school",
      ""),
  BRUNCH(
      "Brunch Spot",
      8,
      15,
      3,
      "Kitchen|Brunch Club|Diner",
      "brunch spot|all-day brunch cafe",
      "fluffy pancakes|eggs Benedict|bottomless mimosas|avocado toast",
      "Lively|Bright|Weekend-packed",
      ""),
  SALAD_BAR(
      "Salad Bar",
      10,
      20,
      2,
      "Greens|Bowls|Salad Co.",
      "salad bar|grain-bowl salad bar",
      "build-your-own bowls|fresh juices|seasonal greens",
      "Quick|Healthy|Bright",
      "Leafy"),
  ICE_CREAM(
      "Ice Cream Shop",
      12,
      23,
      2,
      "Creamery|Gelato|Scoops",
      "ice cream shop|gelato and ice cream parlour",
      "salted-caramel scoops|pistachio gelato|waffle cones",
      "Sweet|Cheerful|Tiny",
      ""),
  BAR(
      "Bar",
      17,
      2,
      6,
      "Tavern|Pub|Taproom|Bar",
      "bar|neighbourhood bar|craft-beer bar",
      "local craft beer|a pool table|trivia nights|a late happy hour|a jukebox",
      "Dim|Friendly|Noisy|Divey",
      ""),
  COCKTAIL_LOUNGE(
      "Cocktail Lounge",
      18,
      2,
      3,
      "Lounge|Social Club|Speakeasy",
      "cocktail lounge|speakeasy cocktail bar",
      "inventive cocktails|live jazz|velvet booths|a hidden entrance",
      "Moody|Swanky|Candle-lit",
      ""),
  NIGHTCLUB(
      "Nightclub",
      22,
      4,
      2,
      "Club|Warehouse|Sound",
      "nightclub|underground nightclub",
      "guest DJs|a huge sound system|techno nights|a rooftop dance floor",
      "Packed|Sweaty|Legendary",
      ""),
  PARK(
      "Park",
      6,
      22,
      4,
      "Park|Gardens|Square|Green",
      "park|city park|leafy park",
      "a duck pond|shady lawns|a running loop|a dog run|a playground",
      "Peaceful|Leafy|Sprawling",
      ""),
  MUSEUM(
      "Museum",
      10,
      18,
      2,
      "Museum|Museum of Art|History Museum",
      "museum|history museum|art museum",
      "dinosaur skeletons|modern art galleries|a planetarium|maritime exhibits",
      "Grand|Free-entry|Historic",
      ""),
  ART_GALLERY(
      "Art Gallery",
      11,
      19,
      2,
      "Gallery|Contemporary|Art Space",
      "art gallery|contemporary art gallery",
      "rotating exhibitions|local painters|photography shows|opening-night parties",
      "White-walled|Small|Edgy",
      ""),
  CINEMA(
      "Cinema",
      11,
      24,
      2,
      "Cinema|Pictures|Picture House",
      "cinema|independent cinema",
      "reclining seats|indie films|midnight screenings|craft popcorn",
      "Vintage|Modern|Cosy",
      "Starlight Cinemas"),
  BOOKSTORE(
      "Bookstore",
      9,
      21,
      2,
      "Books|Booksellers|Book Shop",
      "bookstore|second-hand bookstore",
      "rare first editions|a reading nook|author talks|a cat on the counter",
      "Rambling|Quiet|Cluttered",
      ""),
  LIBRARY(
      "Library",
      9,
      20,
      1,
      "Library|Reading Room",
      "public library|library",
      "silent study rooms|free workshops|a children's corner",
      "Quiet|Historic|Spacious",
      ""),
  GROCERY(
      "Grocery Store",
      7,
      23,
      5,
      "Market|Grocer|Foods",
      "grocery store|neighbourhood grocery store",
      "fresh produce|a deli counter|bulk grains|local cheeses",
      "Busy|Well-stocked|Compact",
      "FreshCart|GreenBasket"),
  FARMERS_MARKET(
      "Farmers Market",
      8,
      14,
      1,
      "Farmers Market|Market",
      "farmers market|open-air farmers market",
      "heirloom tomatoes|fresh-cut flowers|local honey|apple cider",
      "Bustling|Weekend",
      ""),
  PHARMACY(
      "Pharmacy",
      8,
      22,
      3,
      "Pharmacy|Chemist|Drugs",
      "pharmacy|drugstore pharmacy",
      "a walk-in clinic|late prescriptions|travel-size toiletries",
      "Handy|Bright|Busy",
      "CityRx");

  private final String displayName;
  private final OpeningHours hours;
  private final double frequency;
  private final List<String> nameWords;
  private final List<String> kinds;
  private final List<String> features;
  private final List<String> adjectives;
  private final List<String> chains;

  Category(
      String displayName,
      int open,
      int close,
      double frequency,
      String nameWords,
      String kinds,
      String features,
      String adjectives,
      String chains) {
    this.displayName = displayName;
    this.hours = new OpeningHours(open, close);
    this.frequency = frequency;
    this.nameWords = split(nameWords);
    this.kinds = split(kinds);
    this.features = split(features);
    this.adjectives = split(adjectives);
    this.chains = split(chains);
  }

  private static List<String> split(String s) {
    return s.isEmpty() ? List.of() : List.of(s.split("\\|"));
  }

  /** The name written in {@link io.strec.data.Item#categories()}, e.g. "Ramen Restaurant". */
  public String displayName() {
    return displayName;
  }

  public OpeningHours hours() {
    return hours;
  }

  /** Relative share of the city's places. */
  double frequency() {
    return frequency;
  }

  /** Last words of a place's name ("Roasters" in "Blue Fern Roasters"). */
  List<String> nameWords() {
    return nameWords;
  }

  /** What the place is, each containing the category keyword ("espresso bar"). */
  List<String> kinds() {
    return kinds;
  }

  /** Distinctive things a description can mention. */
  List<String> features() {
    return features;
  }

  List<String> adjectives() {
    return adjectives;
  }

  /** Chain brands, possibly none. */
  List<String> chains() {
    return chains;
  }

  /** Whether people choose this place by taste; false for workplaces, which are fixed per user. */
  boolean isWorkplace() {
    return this == OFFICE || this == COWORKING;
  }
}
