// A script every page may load first: marks the document as scripted (for styles that only apply then).
document.documentElement.classList.add('js');
