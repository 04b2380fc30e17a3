// htmx under the site's Content Security Policy: no eval (hx-on, js: values, trigger
// filters), no <script> run from swapped-in HTML, and no <style> element added to the page
// for request indicators (site.css styles them). Loaded after htmx and before the page is
// ready, when htmx reads its config.
htmx.config.allowEval = false;
htmx.config.allowScriptTags = false;
htmx.config.includeIndicatorStyles = false;
