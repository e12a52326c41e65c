import type { LossPoint } from '../../../shared/ipc/sections/models';

const WIDTH = 480;
const HEIGHT = 160;
const PAD = 24;

function path(points: readonly LossPoint[], pick: (point: LossPoint) => number, epochs: number, low: number, high: number): string {
  const span = high - low || 1;
  return points
    .map((point, index) => {
      const x = PAD + ((point.epoch - 1) / Math.max(1, epochs - 1)) * (WIDTH - 2 * PAD);
      const y = HEIGHT - PAD - ((pick(point) - low) / span) * (HEIGHT - 2 * PAD);
      return `${index === 0 ? 'M' : 'L'}${x.toFixed(1)},${y.toFixed(1)}`;
    })
    .join(' ');
}

/** Training and validation loss per epoch, drawn as they arrive. */
export function LossCurve({ points }: { readonly points: readonly LossPoint[] }) {
  if (points.length === 0) return <p className="muted">The loss curves appear here while a model trains.</p>;
  const epochs = points[0]?.epochs ?? points.length;
  const values = points.flatMap((point) => [point.trainLoss, point.validationLoss]);
  const low = Math.min(...values);
  const high = Math.max(...values);
  const last = points[points.length - 1];
  return (
    <figure className="loss-curve">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label="Loss curves" data-testid="loss-curve" data-points={points.length}>
        <path d={path(points, (point) => point.trainLoss, epochs, low, high)} className="loss-train" fill="none" />
        <path d={path(points, (point) => point.validationLoss, epochs, low, high)} className="loss-validation" fill="none" />
      </svg>
      <figcaption>
        Epoch {last?.epoch} of {epochs}: training loss {last?.trainLoss.toPrecision(4)}, validation loss {last?.validationLoss.toPrecision(4)}
      </figcaption>
    </figure>
  );
}
