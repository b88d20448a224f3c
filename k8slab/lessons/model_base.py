"""The base of the lesson file's models: frozen, no unknown fields, texts in both languages."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, model_validator

from k8slab.i18n import Text

#: What names of lessons, steps and mistakes look like (a Kubernetes name).
NAME_PATTERN = r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"


class FrozenModel(BaseModel):
    """Refuses unknown fields (a typo is reported, not ignored) and cannot be changed."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Localized(FrozenModel):
    """A text in both languages; both are required and non-empty."""

    en: str = Field(min_length=1)
    fr: str = Field(min_length=1)

    def text(self) -> Text:
        return Text(en=self.en, fr=self.fr)

    def get(self, lang: str | None = None) -> str:
        return self.text().get(lang)  # type: ignore[arg-type]


class NameOrSelector(FrozenModel):
    """Names one object (``name``) or a set of objects (``selector``): exactly one of the two."""

    name: str | None = None
    selector: dict[str, str] | None = None

    @model_validator(mode="after")
    def _name_or_selector(self) -> NameOrSelector:
        if (self.name is None) == (self.selector is None):
            raise ValueError("give exactly one of 'name' or 'selector'")
        return self
