/** One way a response breaks the RFC, as the response oracles (error bodies, resource bodies) report it. */
export interface Finding {
  /** The requirement id the response breaks. */
  requirement: string;
  /** MUST when the RFC's words are broken; SHOULD for advice, e.g. a keyword the RFC pairs with another status. */
  level: 'MUST' | 'SHOULD';
  message: string;
}
