import type { ReactElement } from 'react';

/** An app's logo from its manifest (inline SVG markup), drawn as an image so no markup reaches the DOM. */
export function AppLogo({ svg, size = 38 }: { svg: string; size?: number }): ReactElement {
  return <img src={`data:image/svg+xml;utf8,${encodeURIComponent(svg)}`} alt="" width={size} height={size} style={{ borderRadius: 8, flex: '0 0 auto' }} />;
}
