/** Escapes text for HTML element content and double-quoted attributes. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Pure: a plain page in the local provider's look. `body` must already be escaped HTML.
 * No external resources (fonts, scripts), so it renders offline and under a strict CSP.
 */
export function htmlPage(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body{font-family:system-ui,sans-serif;background:#f2f2f2;margin:0;padding:40px 12px}
main{max-width:440px;margin:0 auto;background:#fff;padding:32px 40px;box-shadow:0 2px 6px rgba(0,0,0,.2)}
h1{font-size:1.4em;font-weight:600;margin:0 0 4px}.muted{color:#666;font-size:.9em}
button{display:block;width:100%;text-align:left;padding:10px 12px;margin:8px 0;border:1px solid #ccc;background:#fff;font:inherit;cursor:pointer}
button:hover{background:#f0f6ff}button.primary{background:#0067b8;color:#fff;text-align:center;border:0}
code{font-family:ui-monospace,monospace}.error{color:#a80000}
input[type=text]{width:100%;box-sizing:border-box;font:inherit;padding:8px;text-transform:uppercase;letter-spacing:.1em}
</style></head>
<body><main><p class="muted">Local Entra-compatible identity provider (entra-mcp dev)</p>
${body}
</main></body></html>`;
}
