// The product's picture: the model's SVG layers for this configuration, shown as an image (so no
// markup from a model or a customer's text can run), in a box of fixed proportions (no layout jump).

export function Preview({ svg, viewBox, label }: { svg: string; viewBox: string; label: string }) {
  const [, , width = '400', height = '300'] = viewBox.split(/[\s,]+/);
  const src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
  return (
    <figure className="preview" style={{ aspectRatio: `${Number(width) || 4} / ${Number(height) || 3}` }}>
      <img src={src} alt={label} data-testid="preview" />
    </figure>
  );
}
