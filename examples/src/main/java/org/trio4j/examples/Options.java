package org.trio4j.examples;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The command-line options of the examples: {@code --name VALUE} pairs and positional arguments.
 *
 * {@snippet :
 * Options options = Options.parse(args, Set.of("--port", "--host"));
 * int port = options.intValue("--port", 12345);
 * }
 */
final class Options {
  private final Map<String, String> values;
  private final List<String> positional;

  private Options(Map<String, String> values, List<String> positional) {
    this.values = values;
    this.positional = positional;
  }

  /**
   * Parses {@code args}: each of {@code names} takes the next argument as its value; anything else
   * that starts with {@code --} is an error; the rest are positional.
   *
   * @param args the program's arguments
   * @param names the options that take a value
   * @return the options
   * @throws IllegalArgumentException for an unknown option or a missing value
   */
  static Options parse(String[] args, Set<String> names) {
    Map<String, String> values = new HashMap<>();
    List<String> positional = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (names.contains(a)) {
        if (i + 1 == args.length) {
          throw new IllegalArgumentException(a + " needs a value");
        }
        values.put(a, args[++i]);
      } else if (a.startsWith("--")) {
        throw new IllegalArgumentException("unknown option " + a + "; known: " + names);
      } else {
        positional.add(a);
      }
    }
    return new Options(values, positional);
  }

  String value(String name, String defaultValue) {
    return values.getOrDefault(name, defaultValue);
  }

  int intValue(String name, int defaultValue) {
    String v = values.get(name);
    if (v == null) {
      return defaultValue;
    }
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " needs a number, not " + v, e);
    }
  }

  List<String> positional() {
    return positional;
  }
}
