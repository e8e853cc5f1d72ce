// Search as you type, and the Source filter as soon as it changes, on the Contacts list. Without JavaScript the
// same form submits as a plain GET. (No inline handlers: the site's Content-Security-Policy forbids them.)
(function () {
    const form = document.getElementById("contact-filters");
    const input = form && form.querySelector("[data-live-search]");
    const results = document.getElementById("contact-results");
    if (!form || !input || !results) return;

    // Ticking rows for a bulk tag: "tick all" and the running count. Delegated, as the rows are replaced on each search.
    results.addEventListener("change", e => {
        const boxes = [...results.querySelectorAll("input[name=ids]")];
        if (e.target.matches("[data-tick-all]")) boxes.forEach(box => box.checked = e.target.checked);
        const ticked = boxes.filter(box => box.checked).length;
        const all = results.querySelector("[data-tick-all]");
        if (all) {
            all.checked = ticked > 0 && ticked === boxes.length;
            all.indeterminate = ticked > 0 && ticked < boxes.length;
        }
        const count = results.querySelector("[data-ticked-count]");
        if (count) count.textContent = ticked === 0 ? "Tick contacts to tag or change them together." : ticked === 1 ? "1 contact ticked." : ticked + " contacts ticked.";
    });

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
            // Audience tabs keep the search and filters now on screen.
            document.querySelectorAll(".segmented a").forEach(a => {
                const target = new URL(a.href);
                for (const key of ["q", "source", "tag", "seen", "contactable", "stage", "owner", "segment"]) {
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
