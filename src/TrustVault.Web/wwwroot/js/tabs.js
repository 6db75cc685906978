// On a phone a tab bar scrolls sideways (app.css, .scrolling-tabs): whenever a tab becomes the selected one, scroll its
// bar so that the tab sits in the middle, as Material's tab guidance asks. Only the bar scrolls, never the page.
new MutationObserver(function (mutations) {
    for (const mutation of mutations) {
        const tab = mutation.target;
        const bar = tab.classList && tab.classList.contains("mud-tab-active") && tab.closest(".scrolling-tabs .mud-tabs-tabbar-content");
        if (bar) {
            const tabBox = tab.getBoundingClientRect();
            const barBox = bar.getBoundingClientRect();
            bar.scrollLeft += tabBox.left - barBox.left - (barBox.width - tabBox.width) / 2;
        }
    }
}).observe(document.documentElement, { subtree: true, attributes: true, attributeFilter: ["class"] });
