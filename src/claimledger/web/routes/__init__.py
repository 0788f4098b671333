"""One module per page family; each declares its pages with :func:`claimledger.web.pages.page`."""
