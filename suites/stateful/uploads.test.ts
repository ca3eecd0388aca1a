/**
 * Stateful: generated sequences of Initiate, Upload Part, Complete, Abort and List Parts on two names under three keys, and reads of the completed objects, each answer compared with the model (harness/checks/stateful/) and every write read
 * back. Check: harness/checks/catalogue/stateful.ts.
 */
import { uploadCommands, statefulCheck } from "../../harness/kit/index.ts";

statefulCheck("upload-part.stateful-uploads", uploadCommands);
