// Runs pa11y (HTML_CodeSniffer, WCAG 2 AA) over pages with one Debian Chromium.
//   node tests/pa11y_check.js < pages.json > results.json
// Input: [{"url": ..., "width": 1280, "waitFor": "css selector or null"}, ...]
// Output: [{"url": ..., "width": ..., "errors": [{"code", "message", "selector"}]}, ...]
'use strict';

const pa11y = require('pa11y');
const puppeteer = require('puppeteer');

async function readStdin() {
	const chunks = [];
	for await (const chunk of process.stdin) {
		chunks.push(chunk);
	}
	return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

async function main() {
	const pages = await readStdin();
	const browser = await puppeteer.launch({
		executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
		headless: true,
		args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
			'--disable-component-update', '--disable-sync',
			'--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost']
	});
	const results = [];
	// One tab for every check: pa11y navigates it and sets its viewport each time.
	const page = await browser.newPage();
	try {
		for (const spec of pages) {
			const actions = spec.waitFor ? [`wait for element ${spec.waitFor} to be added`] : [];
			// The page is loaded here, not by pa11y, which waits for half a second without network traffic:
			// every script, style and image, then what the scripts fetch at once (the version list, search
			// indexes), with 150 ms of quiet to tell that they are done.
			await page.setViewport({width: spec.width, height: 900});
			await page.goto(spec.url, {waitUntil: 'load', timeout: 60000});
			await page.waitForNetworkIdle({idleTime: 150, timeout: 60000});
			const result = await pa11y(spec.url, {
				browser,
				page,
				ignoreUrl: true,
				runners: ['htmlcs'],
				standard: 'WCAG2AA',
				includeWarnings: false,
				includeNotices: false,
				viewport: {width: spec.width, height: 900},
				actions,
				timeout: 60000
			});
			results.push({
				url: spec.url,
				width: spec.width,
				errors: result.issues.filter(issue => issue.type === 'error')
					.map(({code, message, selector}) => ({code, message, selector}))
			});
		}
	} finally {
		await browser.close();
	}
	process.stdout.write(JSON.stringify(results, null, 1) + '\n');
}

main().catch(error => {
	process.stderr.write(`pa11y check failed: ${error.stack || error}\n`);
	process.exit(2);
});
