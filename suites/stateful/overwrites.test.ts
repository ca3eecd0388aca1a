/**
 * Stateful: generated sequences of PUT, POST, GET (whole, ranged, by part number), HEAD and DELETE on two names under three keys, each answer compared with the model (harness/checks/stateful/) and every write read
 * back. Check: harness/checks/catalogue/stateful.ts.
 */
import { overwriteCommands, statefulCheck } from "../../harness/kit/index.ts";

statefulCheck("get-object.stateful-overwrites", overwriteCommands);
