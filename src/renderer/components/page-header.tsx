import type { ReactNode } from 'react';

export interface PageHeaderProps {
  readonly title: string;
  /** The h1's id, for the page section's aria-labelledby. */
  readonly titleId: string;
  readonly children?: ReactNode;
}

/** The page title and its toolbar. */
export function PageHeader({ title, titleId, children }: PageHeaderProps) {
  return (
    <div className="page-header">
      <h1 id={titleId}>{title}</h1>
      {children !== undefined ? <div className="toolbar">{children}</div> : null}
    </div>
  );
}
