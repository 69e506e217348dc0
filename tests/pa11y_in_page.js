// Prints pa11y's in-page checker for HTML_CodeSniffer as JSON: {"version", "script", "options"}.
//   node tests/pa11y_in_page.js > pa11y.json
// "script" is what pa11y itself injects into a page (its runner.js, then the htmlcs runner's scripts and its
// run function, as pa11y's loadRunnerScript joins them); "options" are what pa11y passes to
// window.__pa11y.run() with its defaults and standard WCAG2AA (warnings and notices ignored, as pa11y's
// defaults do). The tests load each page in Playwright, add "script" and call window.__pa11y.run(options):
// pa11y's own code and rules, on the page the other checks already opened.
'use strict';

const fs = require('fs');
const path = require('path');
const pa11y = require('pa11y');
const htmlcs = require('pa11y/lib/runners/htmlcs');

const pa11yDir = path.dirname(require.resolve('pa11y/package.json'));
const version = require('pa11y/package.json').version;
const runnerBundle = htmlcs.scripts.map(script => fs.readFileSync(script, 'utf-8')).join('\n\n');
const script = [
	fs.readFileSync(path.join(pa11yDir, 'lib/runner.js'), 'utf-8'),
	`;${runnerBundle};`,
	`;window.__pa11y.runners["htmlcs"] = ${htmlcs.run.toString()};`
].join('\n');

const defaults = {...pa11y.defaults, runners: ['htmlcs'], standard: 'WCAG2AA'};
const ignore = defaults.ignore.map(ignored => ignored.toLowerCase());
if (!defaults.includeNotices) {
	ignore.push('notice');
}
if (!defaults.includeWarnings) {
	ignore.push('warning');
}
const options = {
	pa11yVersion: version,
	hideElements: defaults.hideElements,
	ignore,
	levelCapWhenNeedsReview: defaults.levelCapWhenNeedsReview,
	rootElement: defaults.rootElement,
	rules: defaults.rules,
	runners: defaults.runners,
	standard: defaults.standard,
	wait: defaults.wait
};
process.stdout.write(JSON.stringify({version, script, options}));
