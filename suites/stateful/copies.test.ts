/**
 * Stateful: generated sequences of PUT, copies between two names and onto themselves (in-place key rotations), GET (whole, ranged, by part number) and HEAD, each answer compared with the model (harness/checks/stateful/) and every write read
 * back. Check: harness/checks/catalogue/stateful.ts.
 */
import { copyCommands, statefulCheck } from "../../harness/kit/index.ts";

statefulCheck("copy-object.stateful-copies", copyCommands);
