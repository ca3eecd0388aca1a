/**
 * Stateful: generated sequences of Initiate, Upload Part, Upload Part - Copy, Complete, Abort and
 * List Parts, with PUTs and reads on the same names, each answer compared with the model
 * (harness/checks/stateful/). Check: harness/checks/catalogue/stateful.ts.
 */
import { statefulCheck, uploadCommands } from "../../harness/kit/index.ts";

statefulCheck("upload-part.stateful-upload-lifecycle", uploadCommands);
