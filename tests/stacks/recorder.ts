// The recording stand-in for SST's globals lives with the rehearsal, which runs the definition it
// serializes; the stack tests use the same one.
export {
  type Asl,
  type AslState,
  type Recorded,
  type Recorder,
  recorder,
  toAsl,
} from "../../rehearsal/recorder.ts";
