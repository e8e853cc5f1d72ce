// A bulk action's progress: the form posts in the background while the page asks how far the run has got, and shows
// it ("Set the stage: 1,500 of 132,733"); when the post is done the page it led to is shown (the list, with what was
// done, or the form again with a problem, nothing done). Without JavaScript the form posts as it is.
(function () {
    const form = document.querySelector("form[data-bulk-run]");
    const status = form && form.querySelector("[data-bulk-status]");
    if (!form || !status) return;
    const bar = status.querySelector("progress");
    const words = status.querySelector("[data-bulk-words]");
    let posting = false;

    form.addEventListener("submit", async e => {
        if (posting) { e.preventDefault(); return; }
        e.preventDefault();
        posting = true;
        const submitter = e.submitter;
        const action = submitter?.formAction || form.action;
        const body = new FormData(form, submitter);
        form.querySelectorAll("button").forEach(b => b.disabled = true);
        status.hidden = false;
        // Soon after the post leaves, then steadily: a run of a few slices is over in a second or two.
        const first = setTimeout(poll, 250);
        const timer = setInterval(poll, 700);
        try {
            // Redirects followed: the answer is the list with what was done (its status message is used up by this very
            // request), or the page again with a problem (nothing done). Either is shown as it came, at its address.
            const response = await fetch(action, { method: "POST", body });
            clearTimeout(first);
            clearInterval(timer);
            const html = await response.text();
            history.replaceState(null, "", response.url);
            document.open();
            document.write(html);
            document.close();
        } catch {
            clearTimeout(first);
            clearInterval(timer);
            words.textContent = "The connection was lost. The work goes on at the site: open the list again in a moment to see it.";
        }
    });

    async function poll() {
        try {
            const response = await fetch(status.dataset.progressUrl, { headers: { "X-Requested-With": "fetch" } });
            if (!response.ok) return;
            const run = await response.json();
            if (run.state === "unknown" || !run.total) return;
            bar.max = run.total;
            bar.value = run.done;
            words.textContent = `${run.action}: ${run.done.toLocaleString("en")} of ${run.total.toLocaleString("en")}` + (run.state === "running" ? "…" : ".");
        } catch {
            // The next poll tries again.
        }
    }
})();
