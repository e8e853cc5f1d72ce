// "Copy" buttons: data-copy="#selector" copies that element's text (an API key shown once). Where the clipboard
// API is not available (a plain-http site), the text is selected so Ctrl+C copies it.
(function () {
    document.querySelectorAll("[data-copy]").forEach(button => button.addEventListener("click", async () => {
        const source = document.querySelector(button.dataset.copy);
        if (!source) return;
        try {
            await navigator.clipboard.writeText(source.textContent.trim());
            button.textContent = "Copied";
        } catch {
            const range = document.createRange();
            range.selectNodeContents(source);
            const selection = window.getSelection();
            selection.removeAllRanges();
            selection.addRange(range);
            button.textContent = "Selected: press Ctrl+C";
        }
    }));
})();
