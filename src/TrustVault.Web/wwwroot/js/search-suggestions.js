// Suggestions as you type under a search box: the ARIA combobox pattern (https://www.w3.org/WAI/ARIA/apg/patterns/combobox/)
// over the empty list that Components/Shared/SearchSuggestions.razor renders beside the box. The listeners sit on the
// document, so boxes rendered later (enhanced navigation, a circuit's render) are served as well; without this script
// the box stays a plain search box. Choosing a suggestion follows its link.

// Wait for a pause in typing, so that a word typed in one go costs one request.
const pauseMs = 150;
const minimumLength = 2;
const pending = new WeakMap();

function partsOf(input) {
    if (!(input instanceof HTMLInputElement) || !input.id) {
        return null;
    }

    const host = document.querySelector(`[data-suggestions-for="${CSS.escape(input.id)}"]`);
    const list = host && host.querySelector('[role="listbox"]');
    return list ? { host, list } : null;
}

function prepare(input, list) {
    if (input.getAttribute("role") === "combobox") {
        return;
    }

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("autocomplete", "off");
}

function close(input, list) {
    list.hidden = true;
    list.replaceChildren();
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
}

function show(input, list, suggestions) {
    if (suggestions.length === 0) {
        close(input, list);
        return;
    }

    list.replaceChildren(...suggestions.map((suggestion, index) => {
        const option = document.createElement("li");
        option.id = `${list.id}-${index}`;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.dataset.href = suggestion.url;
        const text = document.createElement("span");
        text.textContent = suggestion.text;
        const kind = document.createElement("span");
        kind.className = "suggestion-kind";
        // The leading space keeps the option's accessible name two words: "Skycast Weather API".
        kind.textContent = " " + ({ Category: "category", Listing: "API", Search: "search" }[suggestion.kind] ?? "");
        option.append(text, kind);
        return option;
    }));
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
    input.removeAttribute("aria-activedescendant");
}

async function load(input, parts) {
    pending.get(input)?.abort();
    const text = input.value.trim();
    if (text.length < minimumLength) {
        close(input, parts.list);
        return;
    }

    const controller = new AbortController();
    pending.set(input, controller);
    try {
        const source = parts.host.dataset.suggestionsSource;
        const response = await fetch(`${source}?q=${encodeURIComponent(text)}`, { headers: { Accept: "application/json" }, signal: controller.signal });
        if (!response.ok) {
            close(input, parts.list);
            return;
        }

        const body = await response.json();
        // A later keystroke may have changed the box while this was on its way.
        if (input.value.trim() === text && document.activeElement === input) {
            show(input, parts.list, body.items);
        }
    } catch (error) {
        if (error.name !== "AbortError") {
            close(input, parts.list);
        }
    }
}

// A search chosen on the catalog keeps the page's filters and sort, as the search form does; the page number starts over.
function withFiltersOfThisPage(href) {
    const target = new URL(href, document.baseURI);
    const here = new URL(window.location.href);
    if (target.pathname !== here.pathname || !target.searchParams.has("q")) {
        return href;
    }

    for (const [name, value] of here.searchParams) {
        if (name !== "q" && name !== "page" && !target.searchParams.has(name)) {
            target.searchParams.append(name, value);
        }
    }

    return target.pathname + target.search;
}

function go(option) {
    const href = withFiltersOfThisPage(option.dataset.href);
    if (window.Blazor && typeof window.Blazor.navigateTo === "function") {
        window.Blazor.navigateTo(href);
    } else {
        window.location.assign(href);
    }
}

function move(input, list, step) {
    const options = [...list.querySelectorAll('[role="option"]')];
    if (options.length === 0) {
        return;
    }

    const current = options.findIndex(o => o.getAttribute("aria-selected") === "true");
    const next = current < 0 ? (step > 0 ? 0 : options.length - 1) : (current + step + options.length) % options.length;
    options.forEach((o, i) => o.setAttribute("aria-selected", i === next ? "true" : "false"));
    input.setAttribute("aria-activedescendant", options[next].id);
    options[next].scrollIntoView({ block: "nearest" });
}

document.addEventListener("focusin", event => {
    const parts = partsOf(event.target);
    if (parts) {
        prepare(event.target, parts.list);
    }
});

document.addEventListener("input", event => {
    const input = event.target;
    const parts = partsOf(input);
    if (!parts) {
        return;
    }

    prepare(input, parts.list);
    clearTimeout(Number(input.dataset.suggestionsTimer));
    input.dataset.suggestionsTimer = String(setTimeout(() => load(input, parts), pauseMs));
});

document.addEventListener("keydown", event => {
    const input = event.target;
    const parts = partsOf(input);
    if (!parts) {
        return;
    }

    const list = parts.list;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (!list.hidden) {
            event.preventDefault();
            move(input, list, event.key === "ArrowDown" ? 1 : -1);
        }
    } else if (event.key === "Enter") {
        const active = list.hidden ? null : list.querySelector('[aria-selected="true"]');
        // The search is submitted or the option followed: suggestions still on their way would open over the results.
        clearTimeout(Number(input.dataset.suggestionsTimer));
        pending.get(input)?.abort();
        close(input, list);
        if (active) {
            event.preventDefault();
            go(active);
        }
    } else if (event.key === "Escape" && !list.hidden) {
        event.preventDefault();
        close(input, list);
    }
});

document.addEventListener("focusout", event => {
    const parts = partsOf(event.target);
    if (parts) {
        close(event.target, parts.list);
    }
});

// Pressing an option would take the focus from the box, and so close the list, before the click lands: keep it.
document.addEventListener("mousedown", event => {
    if (event.target instanceof Element && event.target.closest("[data-suggestions-for] [role=option]")) {
        event.preventDefault();
    }
});

document.addEventListener("click", event => {
    const option = event.target instanceof Element && event.target.closest("[data-suggestions-for] [role=option]");
    if (option) {
        const host = option.closest("[data-suggestions-for]");
        const input = document.getElementById(host.dataset.suggestionsFor);
        if (input) {
            close(input, option.parentElement);
        }

        go(option);
    }
});
