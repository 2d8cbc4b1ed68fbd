"""Server-side SVG bar charts: geometry only; the template draws them, the stylesheet colours them
(classes, never inline styles: the Content-Security-Policy forbids them)."""

from dataclasses import dataclass, field

WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 36, 8, 12, 40  # room for the axis labels
SERIES_COLOURS = 8  # .series-0 … .series-7 in dashboard.css


@dataclass
class Segment:
    """One series' part of a column: its count and what the tooltip says."""

    series: int
    value: int
    title: str


@dataclass
class Column:
    label: str  # under the column (e.g. "30/11")
    sublabel: str  # a second line (e.g. "seg.")
    segments: list[Segment] = field(default_factory=list)
    title: str = ""  # the tooltip of the whole column

    @property
    def total(self) -> int:
        return sum(segment.value for segment in self.segments)


@dataclass
class Rect:
    x: float
    y: float
    width: float
    height: float
    css: str
    title: str


@dataclass
class Chart:
    """A bar chart ready to draw: rectangles, axis labels and a legend."""

    title: str
    rects: list[Rect]
    labels: list[tuple[float, str, str]]  # x, label, sublabel
    ticks: list[tuple[float, int]]  # y, value
    legend: list[tuple[str, str]]  # css class, name
    width: int = WIDTH
    height: int = HEIGHT
    empty: bool = False
    plot_left: int = LEFT
    plot_right: int = WIDTH - RIGHT
    baseline: int = HEIGHT - BOTTOM


def nice_step(top: int, ticks: int = 4) -> int:
    """A round step (1, 2, 5, 10, 20, 50 …) that splits 0..top in about `ticks` parts."""
    rough = max(top / ticks, 1)
    magnitude = 1
    while magnitude * 10 <= rough:
        magnitude *= 10
    for multiple in (1, 2, 5, 10):
        if multiple * magnitude >= rough:
            return multiple * magnitude
    return 10 * magnitude


def bar_chart(title: str, columns: list[Column], legend: list[tuple[int, str]]) -> Chart:
    """Stack each column's segments from the baseline up, scaled to the tallest column."""
    highest = max((column.total for column in columns), default=0)
    step = nice_step(highest)
    top = max(step * -(-highest // step), step)  # the axis ends on a whole step
    plot_height = HEIGHT - TOP - BOTTOM
    slot = (WIDTH - LEFT - RIGHT) / max(len(columns), 1)
    bar_width = slot * 0.7
    rects, labels = [], []
    for index, column in enumerate(columns):
        x = LEFT + index * slot + (slot - bar_width) / 2
        y = HEIGHT - BOTTOM
        for segment in column.segments:
            if not segment.value:
                continue
            height = plot_height * segment.value / top
            y -= height
            rects.append(Rect(round(x, 1), round(y, 1), round(bar_width, 1), round(height, 1),
                              f"series-{segment.series % SERIES_COLOURS}", segment.title))
        labels.append((round(LEFT + index * slot + slot / 2, 1), column.label, column.sublabel))
    ticks = [(round(HEIGHT - BOTTOM - plot_height * value / top, 1), value)
             for value in range(0, top + 1, step)]
    return Chart(title, rects, labels, ticks,
                 [(f"series-{series % SERIES_COLOURS}", name) for series, name in legend],
                 empty=highest == 0)


@dataclass
class Ranking:
    """Horizontal bars, one per row (overdue returns by seller), longest first."""

    title: str
    rows: list[tuple[str, int, float, str]]  # name, value, bar width (0-100), link
    empty: bool = False


def ranking(title: str, items: list[tuple[str, int, str]]) -> Ranking:
    highest = max((value for _name, value, _url in items), default=0)
    ordered = sorted(items, key=lambda item: (-item[1], item[0]))
    return Ranking(title, [(name, value, round(100 * value / highest, 1) if highest else 0, url)
                           for name, value, url in ordered if value], empty=highest == 0)
