/** Setting up the target failed in a way that is not the user's configuration: exit 3. */
export class SetupError extends Error {
  override name = "SetupError";
}
