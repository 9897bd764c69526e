/**
 * Raised while reading one Sigma document and caught at the document's edge, where it becomes a
 * RuleProblem with the file, the line and the rule's id and title. It never leaves the sigma folder.
 */
export class SigmaProblem extends Error {
  constructor(
    readonly reason: string,
    readonly line?: number,
  ) {
    super(reason);
    this.name = 'SigmaProblem';
  }
}
