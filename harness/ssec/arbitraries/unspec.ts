/**
 * The unmapper of a case class (`.map(build, unspec(Class))`): lets fast-check shrink a value it
 * did not generate itself (the coverage examples) by going back to the plain `spec` it was built from.
 */
export function unspec<S>(Class: abstract new (...args: never[]) => { readonly spec: S }): (v: unknown) => S {
  return (v) => {
    if (!(v instanceof Class)) throw new TypeError(`not a ${Class.name}`);
    return v.spec;
  };
}
