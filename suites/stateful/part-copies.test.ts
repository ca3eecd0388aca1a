/**
 * Stateful: generated sequences of PUTs of sources, Initiate, Upload Part - Copy (whole and ranged), Complete and reads of the completed objects, each answer compared with the model (harness/checks/stateful/) and every write read
 * back. Check: harness/checks/catalogue/stateful.ts.
 */
import { partCopyCommands, statefulCheck } from "../../harness/kit/index.ts";

statefulCheck("upload-part-copy.stateful-part-copies", partCopyCommands);
