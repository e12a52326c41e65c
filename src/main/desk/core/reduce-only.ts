import { sideSign, type OrderSide } from '../../engine/domain';

/**
 * REDUCE_ONLY lets through only orders that shrink exposure. An order reduces a book when it
 * trades against the book's sign and does not cross zero (a sell of more than is held would
 * open a short: that adds exposure on the other side). A pair order reduces only when every
 * leg does; orders already working against the same book count first, so two closing tickets
 * cannot together over-close into a new position.
 */
export interface ReducingLeg {
  readonly symbol: string;
  readonly side: OrderSide;
  readonly quantity: number;
}

export function legReduces(position: number, workingSigned: number, leg: ReducingLeg): boolean {
  const start = position + workingSigned;
  if (start === 0 || Math.sign(start) !== Math.sign(position)) return false;
  const after = start + sideSign(leg.side) * leg.quantity;
  return Math.abs(after) < Math.abs(start) && (after === 0 || Math.sign(after) === Math.sign(start));
}

export function pairReduces(
  legs: readonly ReducingLeg[],
  positionOf: (symbol: string) => number,
  workingSignedOf: (symbol: string) => number,
): boolean {
  return legs.length > 0 && legs.every((leg) => legReduces(positionOf(leg.symbol), workingSignedOf(leg.symbol), leg));
}
