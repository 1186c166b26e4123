"""Forms of the written exam: questions, cases, import, exam settings, accommodations."""

import string

from django import forms

from accounts.models import User

from ..models.written import Difficulty, Question, Topic, Vignette, WrittenExam
from ..services.written_bank import QuestionContent
from ..services.written_setup import EXAM_SETTINGS

OPTION_SLOTS = 6
KEYS = string.ascii_uppercase


class BankFilterForm(forms.Form):
    q = forms.CharField(
        label="Search",
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={"class": "form-control", "type": "search", "placeholder": "Code or text"}
        ),
    )
    topic = forms.ChoiceField(
        label="Topic", required=False, widget=forms.Select(attrs={"class": "form-select"})
    )
    kind = forms.ChoiceField(
        label="Kind",
        required=False,
        choices=[("", "Any kind"), *Question.Kind.choices],
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].choices = [("", "Any topic")] + [
            (t.code, t.name) for t in Topic.objects.all()
        ]


class QuestionForm(forms.Form):
    """A question with up to six options; the correct ones are ticked."""

    code = forms.SlugField(
        required=False, max_length=64, help_text="Leave blank to have one made up."
    )
    kind = forms.ChoiceField(choices=Question.Kind.choices)
    vignette = forms.ModelChoiceField(
        Vignette.objects.all(),
        required=False,
        label="Case (case study sub-questions only)",
    )
    topic = forms.ModelChoiceField(Topic.objects.all())
    difficulty = forms.ChoiceField(choices=Difficulty.choices, initial=Difficulty.MEDIUM)
    stem = forms.CharField(label="Question", widget=forms.Textarea(attrs={"rows": 4}))
    explanation = forms.CharField(
        label="Explanation (shown after submission if the exam's review allows)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    is_active = forms.BooleanField(
        label="In use (drawn into attempts)", required=False, initial=True
    )

    def __init__(self, *args, question: Question | None = None, **kwargs):
        self.question = question
        if question is not None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_for(question)
        super().__init__(*args, **kwargs)
        for n in range(1, OPTION_SLOTS + 1):
            self.fields[f"option_{n}"] = forms.CharField(
                label=f"Option {KEYS[n - 1]}", required=False, max_length=1000
            )
            # The table's column heads label these for the eye; a screen reader needs the row.
            self.fields[f"correct_{n}"] = forms.BooleanField(
                label="Correct",
                required=False,
                widget=forms.CheckboxInput(
                    attrs={"aria-label": f"Option {KEYS[n - 1]} is correct"}
                ),
            )
            self.fields[f"feedback_{n}"] = forms.CharField(
                label="Feedback",
                required=False,
                max_length=1000,
                widget=forms.TextInput(
                    attrs={"aria-label": f"Feedback if option {KEYS[n - 1]} is chosen"}
                ),
            )
        if question is not None:
            self.fields["code"].disabled = True
            self.fields["kind"].disabled = True

    @staticmethod
    def initial_for(question: Question) -> dict:
        version = question.current_version
        initial = {
            "code": question.code,
            "kind": question.kind,
            "vignette": question.vignette_id,
            "topic": version.topic_id,
            "difficulty": version.difficulty,
            "stem": version.stem,
            "explanation": version.explanation,
            "is_active": question.is_active,
        }
        for n, option in enumerate(version.options, start=1):
            initial[f"option_{n}"] = option["text"]
            initial[f"correct_{n}"] = option["key"] in version.correct
            initial[f"feedback_{n}"] = option.get("feedback", "")
        return initial

    def option_rows(self):
        return [
            (self[f"option_{n}"], self[f"correct_{n}"], self[f"feedback_{n}"])
            for n in range(1, OPTION_SLOTS + 1)
        ]

    def clean(self):
        data = super().clean()
        options, correct = [], []
        for n in range(1, OPTION_SLOTS + 1):
            text = (data.get(f"option_{n}") or "").strip()
            if not text:
                if data.get(f"correct_{n}"):
                    self.add_error(f"option_{n}", "A correct option needs its text.")
                continue
            key = KEYS[len(options)]
            options.append({"key": key, "text": text, "feedback": data.get(f"feedback_{n}", "")})
            if data.get(f"correct_{n}"):
                correct.append(key)
        data["options"], data["correct"] = options, correct
        return data

    def content(self) -> QuestionContent:
        data = self.cleaned_data
        return QuestionContent(
            kind=data["kind"],
            topic=data["topic"],
            difficulty=data["difficulty"],
            stem=data["stem"],
            options=data["options"],
            correct=data["correct"],
            explanation=data.get("explanation", ""),
            vignette=data.get("vignette"),
            code=data.get("code", ""),
            is_active=data.get("is_active", False),
        )


class VignetteForm(forms.Form):
    code = forms.SlugField(required=False, max_length=64, help_text="Blank: made from the title.")
    title = forms.CharField(max_length=200)
    text = forms.CharField(label="Case", widget=forms.Textarea(attrs={"rows": 8}))


class ImportForm(forms.Form):
    FORMATS = [
        ("json", "JSON (this site's export format)"),
        ("moodle", "Moodle XML"),
        ("gift", "GIFT"),
    ]
    format = forms.ChoiceField(choices=FORMATS)
    file = forms.FileField(help_text="Up to 5 MB.")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError("The file is larger than 5 MB.")
        return upload


class ExamForm(forms.ModelForm):
    class Meta:
        model = WrittenExam
        fields = list(EXAM_SETTINGS)
        labels = {
            "time_limit_minutes": "Time limit (minutes)",
            "pass_mark_percent": "Pass mark (%)",
            "wait_hours_between_attempts": "Wait between attempts (hours)",
            "review": "After submission the candidate sees",
        }

    def clean_pass_mark_percent(self):
        value = self.cleaned_data["pass_mark_percent"]
        if not 1 <= value <= 100:
            raise forms.ValidationError("Enter a pass mark between 1 and 100 percent.")
        return value

    def clean_time_limit_minutes(self):
        value = self.cleaned_data["time_limit_minutes"]
        if value < 1:
            raise forms.ValidationError("The time limit is at least one minute.")
        return value

    def clean_attempts_allowed(self):
        value = self.cleaned_data["attempts_allowed"]
        if value < 1:
            raise forms.ValidationError("Allow at least one attempt.")
        return value


class BlueprintRowForm(forms.Form):
    topic = forms.ModelChoiceField(Topic.objects.all(), required=False)
    difficulty = forms.ChoiceField(
        choices=[("", "Any difficulty"), *Difficulty.choices], required=False
    )
    count = forms.IntegerField(min_value=1, max_value=500, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # One row of a table whose column heads label it for the eye; name each control too.
        row = f"row {self.prefix.rsplit('-', 1)[-1]}" if self.prefix else "row"
        for name, label in (
            ("topic", "Topic"),
            ("difficulty", "Difficulty"),
            ("count", "Questions"),
        ):
            self.fields[name].widget.attrs["aria-label"] = f"{label}, blueprint {row}"

    def clean(self):
        data = super().clean()
        if data.get("topic") and not data.get("count"):
            self.add_error("count", "How many questions of this topic?")
        if data.get("count") and not data.get("topic"):
            self.add_error("topic", "Choose the topic of these questions.")
        return data


# absolute_max: otherwise max_num + 1,000 forms are built for a hostile TOTAL_FORMS.
BlueprintFormSet = forms.formset_factory(
    BlueprintRowForm, extra=3, max_num=60, absolute_max=60, validate_max=True
)


class AccommodationForm(forms.Form):
    candidate = forms.EmailField(label="Candidate's e-mail address")
    extra_minutes = forms.IntegerField(min_value=0, max_value=600, initial=0)
    extra_attempts = forms.IntegerField(min_value=0, max_value=5, initial=0)
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)

    def clean_candidate(self):
        email = self.cleaned_data["candidate"].lower()
        user = User.objects.filter(email=email).first()
        if user is None:
            raise forms.ValidationError("Nobody has an account with this e-mail address.")
        return user
