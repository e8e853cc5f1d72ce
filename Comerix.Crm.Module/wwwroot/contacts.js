// Search as you type, and the Source filter as soon as it changes, on the Contacts list. Without JavaScript the
// same form submits as a plain GET. (No inline handlers: the site's Content-Security-Policy forbids them.)
(function () {
    const form = document.getElementById("contact-filters");
    const input = form && form.querySelector("[data-live-search]");
    const results = document.getElementById("contact-results");
    if (!form || !input || !results) return;

    let timer = 0;
    let inFlight = null;

    async function refresh() {
        const params = new URLSearchParams(new FormData(form));
        for (const [key, value] of [...params]) if (!value) params.delete(key);
        const url = form.action.split("?")[0] + (params.toString() ? "?" + params : "");
        inFlight?.abort();
        inFlight = new AbortController();
        try {
            const response = await fetch(url, { headers: { "X-Requested-With": "fetch" }, signal: inFlight.signal });
            if (!response.ok) return;
            results.innerHTML = await response.text();
            history.replaceState(null, "", url);
            // Audience tabs keep the search and source now on screen.
            document.querySelectorAll(".segmented a").forEach(a => {
                const target = new URL(a.href);
                for (const key of ["q", "source"]) {
                    if (params.get(key)) target.searchParams.set(key, params.get(key)); else target.searchParams.delete(key);
                }
                target.searchParams.delete("p");
                a.href = target.pathname + target.search;
            });
        } catch (e) {
            if (e.name !== "AbortError") throw e;
        }
    }

    input.addEventListener("input", () => {
        clearTimeout(timer);
        timer = setTimeout(refresh, 200);
    });
    form.querySelectorAll("[data-live-filter]").forEach(select => select.addEventListener("change", () => {
        clearTimeout(timer);
        refresh();
    }));
    form.addEventListener("submit", e => {
        e.preventDefault();
        clearTimeout(timer);
        refresh();
    });
})();
