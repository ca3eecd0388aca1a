/** One injectable fault of the reference server (faults.ts): what it does wrong, and what it copies. */
export interface FaultSpec {
  /** What the server does wrong, in one sentence. */
  description: string;
  /** The real bug or divergence it is modelled on. */
  modelledOn: string;
}
