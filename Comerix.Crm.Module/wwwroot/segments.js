// The segment builder: a row's subject or test changing shows the form again with that row's inputs (the same
// round trip "Update count" makes without JavaScript); typing in a value previews the count without leaving the page.
(function () {
    const form = document.getElementById("segment-form");
    if (!form) return;
    const refresh = form.querySelector("[data-refresh-button]");
    const count = form.querySelector("[data-preview-count]");
    const problems = form.querySelector("[data-preview-problems]");
    let timer = 0;
    let inFlight = null;

    form.addEventListener("change", e => {
        if (e.target.matches("[data-refresh]")) {
            form.requestSubmit(refresh);
            return;
        }
        schedule();
    });
    form.addEventListener("input", e => {
        if (!e.target.matches("[data-refresh]")) schedule();
    });

    function schedule() {
        clearTimeout(timer);
        timer = setTimeout(preview, 300);
    }

    async function preview() {
        inFlight?.abort();
        inFlight = new AbortController();
        try {
            const response = await fetch(form.dataset.previewUrl, { method: "POST", body: new FormData(form), signal: inFlight.signal });
            if (!response.ok) return;
            const result = await response.json();
            const counted = result.count !== null && result.count !== undefined;
            count.textContent = counted
                ? (result.count === 1 ? "1 contact matches" : result.count.toLocaleString("en") + " contacts match") + " now."
                : "Not counted yet: the conditions need filling in.";
            // The problems as they stand now: the list shown before may be out of date either way.
            const list = problems.querySelector("ul");
            list.replaceChildren(...result.problems.map(text => Object.assign(document.createElement("li"), { textContent: text })));
            problems.hidden = result.problems.length === 0;
        } catch (error) {
            if (error.name !== "AbortError") throw error;
        }
    }
})();
