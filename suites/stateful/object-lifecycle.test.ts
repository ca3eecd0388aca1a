/**
 * Stateful: generated sequences of PUT, POST, copies (onto itself too: in-place key rotations),
 * HEAD, GET (whole, ranged, by part number) and DELETE on two names under three keys, each
 * answer compared with the model (harness/checks/stateful/). Check: harness/checks/catalogue/stateful.ts.
 */
import { objectCommands, statefulCheck } from "../../harness/kit/index.ts";

statefulCheck("get-object.stateful-object-lifecycle", objectCommands);
