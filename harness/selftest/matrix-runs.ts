/**
 * The three runs the matrix self-test and the README's screenshot (`npm run screenshot:matrix`)
 * lay side by side: the reference server clean, with one fault, with two.
 */

/** The checks the runs cover: enough for both faults to show, quick enough for CI, a screen or two of page. */
export const MATRIX_ONLY = ["get-object.wrong-key*", "head-object.without-key*", "*.echo"];

export const MATRIX_RUNS = [
  { name: "clean", faults: [] },
  { name: "one fault", faults: ["get-wrong-key-accepted"] },
  { name: "two faults", faults: ["get-wrong-key-accepted", "head-without-key-accepted"] },
] as const;
