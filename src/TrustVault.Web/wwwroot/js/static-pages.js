// What the circuit does on interactive pages, done in the browser on the static ones (data-interactive="static": the pages
// anonymous visitors browse, docs/decisions/0031): MudBlazor renders the same markup there, but without its handlers.
(function () {
    const isStatic = () => document.querySelector("[data-interactive=static]") !== null;

    // The catalog's GET form: a changed filter or sort submits it (Blazor's enhanced navigation fetches the page), and
    // empty fields stay out of the address so that it reads like the links the pages write.
    document.addEventListener("change", function (event) {
        const field = event.target;
        const form = field.form;
        if (form && form.hasAttribute("data-submit-on-change") && (field.type === "checkbox" || field.type === "radio" || field.tagName === "SELECT")) {
            form.requestSubmit();
        }
    });
    document.addEventListener("submit", function (event) {
        if (event.target.hasAttribute("data-submit-on-change")) {
            for (const field of event.target.elements) {
                if (field.name && field.value === "") {
                    field.disabled = true;
                }
            }
        }
    }, true);

    function selectTab(tab) {
        const bar = tab.closest("[role=tablist]");
        for (const other of bar.querySelectorAll("[role=tab]")) {
            const selected = other === tab;
            other.classList.toggle("mud-tab-active", selected);
            other.setAttribute("aria-selected", selected ? "true" : "false");
            other.setAttribute("tabindex", selected ? "0" : "-1");
            const panel = document.getElementById(other.getAttribute("aria-controls"));
            if (panel) {
                panel.classList.toggle("mud-tab-panel-active", selected);
            }
        }
    }

    function togglePanel(header) {
        const panel = header.closest(".mud-expand-panel");
        const expanded = !panel.classList.contains("mud-panel-expanded");
        panel.classList.toggle("mud-panel-expanded", expanded);
        header.setAttribute("aria-expanded", expanded ? "true" : "false");
        const content = panel.querySelector(":scope > .mud-collapse-container");
        content.classList.toggle("invisible", !expanded);
        content.classList.toggle("mud-collapse-entered", expanded);
        const icon = header.querySelector(":scope > .mud-expand-panel-icon");
        if (icon) {
            icon.classList.toggle("mud-transform", expanded);
        }
    }

    function activate(target) {
        const tab = target.closest("[role=tab]");
        if (tab && tab.classList.contains("mud-tab")) {
            selectTab(tab);
            return true;
        }
        const header = target.closest(".mud-expand-panel-header");
        if (header) {
            togglePanel(header);
            return true;
        }
        return false;
    }

    // The server renders the drawer open, as it is on a wide screen; on a phone it shows folded until the button is used.
    function syncNavToggle() {
        const toggle = document.querySelector("[data-testid=nav-toggle]");
        const drawer = document.querySelector("[data-testid=nav-drawer]");
        if (isStatic() && toggle && drawer) {
            toggle.setAttribute("aria-expanded", getComputedStyle(drawer).display === "none" ? "false" : "true");
        }
    }

    document.addEventListener("DOMContentLoaded", syncNavToggle);
    window.Blazor?.addEventListener("enhancedload", syncNavToggle);
    window.addEventListener("resize", syncNavToggle);

    document.addEventListener("click", function (event) {
        if (!isStatic()) {
            return;
        }
        if (activate(event.target)) {
            return;
        }
        // On a phone the navigation drawer starts folded (MudBlazor's mud-drawer--initial); the bar's button unfolds it.
        if (event.target.closest("[data-testid=nav-toggle]")) {
            document.querySelector("[data-testid=nav-drawer]").classList.toggle("mud-drawer--initial");
            syncNavToggle();
            return;
        }
        const copy = event.target.closest("[data-copy-code]");
        if (copy && navigator.clipboard) {
            const code = copy.closest(".mud-tab-panel").querySelector("pre");
            navigator.clipboard.writeText(code.textContent).catch(function () { /* The code stays there to select. */ });
        }
    });

    document.addEventListener("keydown", function (event) {
        if (isStatic() && (event.key === "Enter" || event.key === " ") && activate(event.target)) {
            event.preventDefault();
        }
    });
})();
